/**
 * What a GetConnector page costs AFAS, modelled (not measured): a fixed part per request, a part per
 * row read and a part per row sent. Rows read grow with `skip` (every skipped row is read), so deep
 * pages get slow as AFAS says ("skip > 100,000 gets slow; split the set with filters"); a filter on
 * the leading order key seeks and reads only its page. See docs/testing.md for the figures' sources.
 */

/** The parameters of the cost model; all in milliseconds. Every default is modelled, not measured. */
export interface GetCostModel {
  /**
   * Per request, whatever it reads. AFAS: "a good request will be handled within 1000 ms";
   * a recorded `X-AFAS-Proxy-Stats` shows 418 ms for a small answer. @default 20
   */
  readonly requestMs: number;
  /**
   * Per row read in index order: skipped rows, rows a filter refuses, rows returned. 0.01 makes
   * `skip=100000` cost a second, where AFAS says paging "gets slow". @default 0.01
   */
  readonly rowReadMs: number;
  /** Per row sent in the answer (building and serialising it). @default 0.02 */
  readonly rowSentMs: number;
}

/** The defaults of {@link GetCostModel}. */
export const DEFAULT_GET_COST: GetCostModel = { requestMs: 20, rowReadMs: 0.01, rowSentMs: 0.02 };

/** The modelled time of one page, rounded to whole milliseconds. */
export function pageCostMs(model: GetCostModel, read: number, sent: number): number {
  return Math.round(model.requestMs + read * model.rowReadMs + sent * model.rowSentMs);
}

/** `X-AFAS-Proxy-Stats` as AFAS records it, with the modelled time as the `complete` figure. */
export function proxyStats(costMs: number): string {
  return `init(0ms), before response(0ms), complete(${costMs}ms)`;
}
