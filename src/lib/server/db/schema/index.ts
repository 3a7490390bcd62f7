export * from './accounts';
export * from './activity';
export * from './appointments';
export * from './organisations';
export * from './patients';
export * from './messages';
export * from './proxies';
export * from './assisted';
