// The request lanes and how the requests topic routes to them, shared by both data planes so the
// local topic filters exactly as the SNS subscriptions provisioned on fauxqs (and by the CDK) do.
import type { FilterPolicy } from '../../inference-stack/src/domain/filter-policy.ts';

export const LANES = ['standard', 'priority'] as const;
export type Lane = (typeof LANES)[number];

export const laneFilterPolicy = (lane: Lane): FilterPolicy => ({ lane: [lane] });

export const REQUESTS_PREFIX = 'requests/';
export const RESULTS_PREFIX = 'results/';
