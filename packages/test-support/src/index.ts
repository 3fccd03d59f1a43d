export {
  type CompanyFixture,
  type CompanyOptions,
  createCompany,
  createRequest,
  type EquipmentOptions,
  type FixtureEquipment,
  type FixturePerson,
  type FixtureRequest,
  type PersonOptions,
  type RequestOptions,
} from './company-fixture.ts';
export { type PrometheusSample, parsePrometheusText, sampleValue } from './prometheus-text.ts';
export { quietJobSchedules } from './quiet-job-schedules.ts';
export {
  type InsertRequestsOptions,
  insertRequests,
  type RequestCreatedEvent,
  type RequestParties,
  requestPartiesOf,
  writeOwingRequests,
} from './request-fixtures.ts';
export {
  defaultWaitForIntervalMs,
  defaultWaitForTimeoutMs,
  type WaitForOptions,
  type WaitForSubject,
  waitFor,
} from './wait-for.ts';
