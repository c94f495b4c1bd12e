// Reproducible randomness for statistical tests: the project's one PRNG.
export { mulberry32 as seededRandom } from '../../../local/src/example-models/prng.ts';
