/** What the exchange records of one data call, as the call service decides it. */
export interface AuditEntry {
  callId: string;
  requestId?: string;
  at: Date;
  kind: 'query' | 'verify';
  consumerDepartment?: string;
  consumerApp?: string;
  caller: string;
  providerDepartment?: string;
  catalogCode: string;
  /** The docking entry that allowed the call; its daily usage is counted with the record. */
  dockingId?: string;
  fieldsRequested: string[];
  /** The fields the answer carries when the row is found (none when it is not). */
  fieldsReturned: string[];
  policies: Record<string, string>;
  purpose: string;
  outcome: 'allowed' | 'denied';
  denialCode?: string;
  traceId?: string;
  /** The resource row an allowed call reads; its record's row count says whether it was found. */
  lookup?: { catalogId: string; keyToken: string };
}

export interface StoredRow {
  payload: { clear: Record<string, string | number | boolean | null>; tokens: Record<string, string>; sealed: Record<string, string> };
  batch_id: string;
  key_token: string;
}

/** One call's row of the batch statement's JSON document (see CallRecorder). */
export type AuditRecord = ReturnType<typeof toRecord>;

export function toRecord(n: number, entry: AuditEntry, latencyMs: number) {
  return {
    n,
    call_id: entry.callId,
    request_id: entry.requestId ?? null,
    // Epoch milliseconds rather than the Date: JSON.stringify leaves its fast path for
    // every Date it meets, which was a third of the cost of encoding a batch.
    at_ms: entry.at.getTime(),
    kind: entry.kind,
    consumer_department: entry.consumerDepartment ?? null,
    consumer_app: entry.consumerApp ?? null,
    caller: entry.caller,
    provider_department: entry.providerDepartment ?? null,
    catalog_code: entry.catalogCode,
    fields_requested: entry.fieldsRequested,
    fields_returned: entry.fieldsReturned,
    policies: entry.policies,
    purpose: entry.purpose,
    outcome: entry.outcome,
    denial_code: entry.denialCode ?? null,
    latency_ms: latencyMs,
    trace_id: entry.traceId ?? null,
    docking_id: entry.dockingId ?? null,
    catalog_id: entry.lookup?.catalogId ?? null,
    key_token: entry.lookup?.keyToken ?? null,
  };
}
