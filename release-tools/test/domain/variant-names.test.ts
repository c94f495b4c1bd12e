// The names of the variant endpoint and its resources, with the limits SageMaker sets (63 characters)
// and the prefix the controller's IAM role is granted: a longer name is refused by the API, a
// different prefix is refused by IAM.
import { describe, expect, it } from 'vitest';
import { variantEndpointNameOf, variantNameOf, variantResourcePrefix } from '../../src/domain/variant-name.ts';

describe('variantEndpointNameOf', () => {
  it('adds -variants to the multi-model endpoint name', () => {
    expect(variantEndpointNameOf('mr-prod-models')).toBe('mr-prod-models-variants');
  });

  it('keeps the first 54 characters, so the name is at most 63', () => {
    const name54 = `${'e'.repeat(53)}X`;
    expect(variantEndpointNameOf(name54)).toBe(`${name54}-variants`);
    expect(variantEndpointNameOf(`${name54}Y`)).toBe(`${name54}-variants`);
    expect(variantEndpointNameOf(`${name54}${'Y'.repeat(9)}`)).toHaveLength(63);
  });
});

describe('variantResourcePrefix', () => {
  it('is the variant endpoint name and a hyphen', () => {
    expect(variantResourcePrefix('mr-prod-models-variants')).toBe('mr-prod-models-variants-');
  });

  it('keeps the first 46 characters, so prefix and 16 hex are at most 63', () => {
    const name46 = `${'p'.repeat(45)}X`;
    expect(variantResourcePrefix(name46)).toBe(`${name46}-`);
    expect(variantResourcePrefix(`${name46}Y`)).toBe(`${name46}-`);
    expect(`${variantResourcePrefix('v'.repeat(63))}${'0'.repeat(16)}`).toHaveLength(63);
  });
});

describe('variantNameOf', () => {
  it('keeps letters of both cases, digits and hyphens, and makes every other character a hyphen', () => {
    expect(variantNameOf('Fraud_Model', '2.0.0-rc1+b/7', 'ABCDEF0123456789')).toBe(
      'Fraud-Model-2-0-0-rc1-b-7-ABCDEF012345',
    );
  });

  it('keeps exactly 50 characters of model and version', () => {
    const fifty = `${'m'.repeat(44)}-1-0-0`;
    expect(variantNameOf('m'.repeat(44), '1.0.0', '0123456789abcdef')).toBe(`${fifty}-0123456789ab`);
    expect(variantNameOf('m'.repeat(45), '1.0.0', '0123456789abcdef')).toBe(`${'m'.repeat(45)}-1-0--0123456789ab`);
  });
});
