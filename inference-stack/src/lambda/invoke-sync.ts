// PLACEHOLDER so the CDK app can bundle this entry; the real handler replaces this file at merge.
export async function handler(_event: unknown): Promise<never> {
  throw new Error('not implemented: placeholder handler');
}
