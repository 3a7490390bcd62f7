export * from './accounts';
export * from './activity';
export * from './organisations';
export * from './patients';
