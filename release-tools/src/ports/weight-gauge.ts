// The candidate's share of traffic as a metric, so the dashboards chart it beside the requests and
// errors it causes (CandidateWeight, dimension Model). The controller sets it when a route changes
// and while a candidate is live.

export interface WeightGauge {
  /** `weight`: percent (0..100) of the model's traffic on the candidate; 0 when there is none. */
  set(model: string, weight: number): Promise<void>;
}
