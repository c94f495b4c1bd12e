// The one-sided normal-mixture martingale (Robbins 1970; the mixture SPRT of Johari, Pekelis and
// Walsh 2015/2022, "Always valid inference"; Howard, Ramdas, McAuliffe and Sekhon 2021,
// "Time-uniform, nonparametric, nonasymptotic confidence sequences", eq. for the normal mixture;
// used for canaries by Lindon, Sanden and Shirikian 2022, "Rapid regression detection in software
// deployments through sequential testing"). For a score S with variance V (asymptotically a
// Brownian motion in V under the null),
//   M = integral over lambda > 0 of exp(lambda*S - lambda^2*V/2) dF(lambda),  F = half-normal, precision rho
//     = 2 sqrt(rho/(V+rho)) exp(S^2 / (2(V+rho))) Phi(S / sqrt(V+rho)),
// is a nonnegative martingale with mean 1, so by Ville's inequality P(M ever >= 1/alpha) <= alpha:
// the test may look after every request and still rolls back a good candidate with probability
// at most alpha. 1/M is the always-valid p-value of this look.
import { normalCdf } from './normal.ts';

export function logNormalMixture(score: number, variance: number, rho: number): number {
  const spread = variance + rho;
  const phi = normalCdf(score / Math.sqrt(spread));
  if (phi <= 0) return Number.NEGATIVE_INFINITY;
  return Math.log(2) + 0.5 * Math.log(rho / spread) + (score * score) / (2 * spread) + Math.log(phi);
}

/**
 * Mixture precision for a rank score (in the variance units of stratified-rank.ts, where one
 * candidate request against many stable ones adds about 1/12). The boundary is tightest near
 * V = rho / 0.15 (Howard et al. 2021, sec. 3.5), here about 4 x minRequests candidate requests:
 * a canary's judge has its most information between minRequests and the end of the last step.
 */
export function rankMixtureRho(minRequests: number): number {
  const designRequests = 4 * Math.max(minRequests, 25);
  return 0.15 * (designRequests / 12);
}
