// vitest setupFile: every SDK v3 command a test sends (real client or aws-sdk-client-mock stub) is
// validated against AWS's published API model of its service; a test that sent an invalid input fails
// with the member path and the rule it broke.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, inject } from 'vitest';
import { type BotocoreServiceModel, loadServiceModelForClient } from './botocore-models.js';
import { onSdkCall, type SdkCall } from './sdk-calls.js';
import { type InputViolation, validateOperationInput } from './validate-input.js';

export interface ApiModelViolation extends InputViolation {
  readonly call: string;
}

const pending: ApiModelViolation[] = [];
const validated = new Map<string, number>();
const models = new Map<string, BotocoreServiceModel>();
const config = inject('awsApiModels');

/** Hands over (and clears) the violations seen so far: for tests of this check itself. */
export function takeApiModelViolations(): ApiModelViolation[] {
  return pending.splice(0);
}

if (config) {
  onSdkCall((call: SdkCall) => {
    let model = models.get(call.clientName);
    if (!model) {
      model = loadServiceModelForClient(config.dataDir, call.clientName);
      models.set(call.clientName, model);
    }
    const name = `${model.metadata.serviceId} ${call.operation}`;
    const outcome = validateOperationInput(model, call.operation, call.input);
    for (const v of outcome.violations) pending.push({ ...v, call: name });
    for (const u of outcome.untranslatedPatterns)
      pending.push({ call: name, path: u.shape, rule: `pattern ${u.pattern} has no JS translation: ${u.why}` });
    validated.set(name, (validated.get(name) ?? 0) + 1);
  });

  afterEach(failOnViolations);
  afterAll(() => {
    failOnViolations();
    if (validated.size > 0)
      writeFileSync(join(config.statsDir, `${randomUUID()}.json`), JSON.stringify(Object.fromEntries(validated)));
  });
}

function failOnViolations(): void {
  const found = takeApiModelViolations();
  if (found.length === 0) return;
  const lines = found.map(
    (v) => `  ${v.call}: ${v.path}: ${v.rule}${v.value === undefined ? '' : ` (got ${preview(v.value)})`}`,
  );
  throw new Error(`SDK input rejected by AWS's API model:\n${lines.join('\n')}`);
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
