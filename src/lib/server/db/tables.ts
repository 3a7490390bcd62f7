// The tables of the database this process uses, by the names the domain knows them by: SQLite's
// (schema/) or, with DATABASE_URL, PostgreSQL's twins (pg/schema/, the same tables; pg/schema.spec.ts).
// The domain is typed against the SQLite tables; the twins take the same queries. Enums and types
// come from schema/ whichever database it is. A table missing here is a type error where used.
import { usePostgres } from '../config';
import * as postgres from './pg/schema';
import * as sqlite from './schema';

export * from './schema';

const chosen = (usePostgres ? postgres : sqlite) as unknown as typeof sqlite;

export const users = chosen.users;
export const sessions = chosen.sessions;
export const passwordResetCodes = chosen.passwordResetCodes;
export const accountConfirmations = chosen.accountConfirmations;
export const recordLinks = chosen.recordLinks;
export const recordLinkCodes = chosen.recordLinkCodes;
export const activityLog = chosen.activityLog;
export const diarySessions = chosen.diarySessions;
export const slots = chosen.slots;
export const inactiveSchedules = chosen.inactiveSchedules;
export const appointments = chosen.appointments;
export const assistedSessions = chosen.assistedSessions;
export const careTeams = chosen.careTeams;
export const carePlans = chosen.carePlans;
export const carePlanVersions = chosen.carePlanVersions;
export const carePlanHandovers = chosen.carePlanHandovers;
export const carePlanQuestions = chosen.carePlanQuestions;
export const communicationNeeds = chosen.communicationNeeds;
export const fhirClients = chosen.fhirClients;
export const fhirAccessTokens = chosen.fhirAccessTokens;
export const fhirAssertionsUsed = chosen.fhirAssertionsUsed;
export const fhirCalls = chosen.fhirCalls;
export const insightWeeks = chosen.insightWeeks;
export const insightRequestWeeks = chosen.insightRequestWeeks;
export const insightServices = chosen.insightServices;
export const insightStale = chosen.insightStale;
export const deprivationAreas = chosen.deprivationAreas;
export const postcodeAreas = chosen.postcodeAreas;
export const insightBuilds = chosen.insightBuilds;
export const insightGroupEvents = chosen.insightGroupEvents;
export const insightGroupPopulation = chosen.insightGroupPopulation;
export const jobLeases = chosen.jobLeases;
export const outbox = chosen.outbox;
export const organisations = chosen.organisations;
export const locations = chosen.locations;
export const services = chosen.services;
export const patients = chosen.patients;
export const proxyRelationships = chosen.proxyRelationships;
export const contactRequests = chosen.contactRequests;
export const requestEvents = chosen.requestEvents;
export const securityEvents = chosen.securityEvents;
export const textQuestions = chosen.textQuestions;
export const receivedTexts = chosen.receivedTexts;
export const textOptOuts = chosen.textOptOuts;
export const textPolling = chosen.textPolling;
