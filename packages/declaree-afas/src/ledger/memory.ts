import { leaseLost } from './errors.js';
import {
  type Claim,
  decideClaim,
  type ExportKey,
  exportKeyId,
  holds,
  type Lease,
  type Ledger,
  type LedgerRecord,
  type StepState,
  type StoredLease,
} from './ledger.js';

/** A ledger in memory: for tests, and for callers who keep state elsewhere. Same leases as the others. */
export function memoryLedger(options: { readonly now?: () => number } = {}): Ledger & {
  readonly records: ReadonlyMap<string, LedgerRecord>;
} {
  const now = options.now ?? Date.now;
  const records = new Map<string, LedgerRecord>();
  const leases = new Map<string, StoredLease>();
  const clone = (record: LedgerRecord): LedgerRecord => structuredClone(record);
  const fenced = (lease: Lease) => {
    if (!holds(leases.get(lease.keyId), lease)) throw leaseLost();
  };

  return {
    description: 'memory',
    records,
    async get(key: ExportKey) {
      const record = records.get(exportKeyId(key));
      return record && clone(record);
    },
    async findByReport(reportId: string) {
      return [...records.values()].filter((record) => record.reportId === reportId).map(clone);
    },
    async claim(key, report, claimOptions): Promise<Claim> {
      const keyId = exportKeyId(key);
      const decision = decideClaim(leases.get(keyId), keyId, claimOptions, now());
      if (!decision.granted)
        return { claimed: false, heldBy: decision.heldBy, expiresAt: decision.expiresAt };
      const { lease } = decision;
      leases.set(keyId, lease);
      if (!records.has(keyId)) {
        records.set(keyId, {
          key: { ...key },
          reportId: report.reportId,
          reportNumber: report.reportNumber,
          steps: {},
          updatedAt: new Date(now()).toISOString(),
        });
      }
      const record = records.get(keyId);
      return {
        claimed: true,
        lease,
        record: record && Object.keys(record.steps).length > 0 ? clone(record) : undefined,
      };
    },
    async renew(lease, ttlMs) {
      fenced(lease);
      const renewed = { ...lease, expiresAt: now() + ttlMs };
      leases.set(lease.keyId, renewed);
      return renewed;
    },
    async record(lease, step: string, state: StepState) {
      fenced(lease);
      const current = records.get(lease.keyId);
      if (!current) throw leaseLost();
      const next: LedgerRecord = {
        ...current,
        steps: { ...current.steps, [step]: structuredClone(state) },
        updatedAt: state.at,
      };
      records.set(lease.keyId, next);
      return clone(next);
    },
    async release(lease) {
      if (holds(leases.get(lease.keyId), lease)) {
        leases.set(lease.keyId, { owner: undefined, expiresAt: undefined, generation: lease.generation });
      }
    },
    async probe() {},
    async close() {},
  };
}
