// The PostgreSQL schema: the SQLite one (../../schema) table for table (../schema.spec.ts).
export * from './accounts';
export * from './activity';
export * from './appointments';
export * from './organisations';
export * from './patients';
export * from './messages';
export * from './proxies';
export * from './assisted';
export * from './care-plans';
export * from './communication-needs';
export * from './requests';
export * from './security';
export * from './texts';
export * from './fhir';
export * from './insight';
export * from './jobs';
