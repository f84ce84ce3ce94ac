// One error class for every Tempest package; it lives in @tempest/serialize, the package every
// other one depends on.
export { TempestError } from '@tempest/serialize';
export type { TempestErrorCode, TempestErrorConstructor, TempestErrorFields, TempestErrorFieldsByCode } from '@tempest/serialize';
