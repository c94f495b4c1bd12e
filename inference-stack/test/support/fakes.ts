// Small recording fakes for handler tests.
import type { InvocationRecord, MetricSink } from '../../../release-tools/src/ports/metrics.ts';
import type { Invocation, ModelHost, TensorInput } from '../../src/ports/model-host.ts';
import type { Topic, TopicMessage } from '../../src/ports/topic.ts';

export class RecordingTopic implements Topic {
  readonly messages: TopicMessage[] = [];
  failNext = 0;

  async publish(message: TopicMessage): Promise<string> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('topic unavailable');
    }
    this.messages.push(message);
    return `msg-${this.messages.length}`;
  }
}

export class RecordingMetrics implements MetricSink {
  readonly records: InvocationRecord[] = [];
  record(invocation: InvocationRecord): void {
    this.records.push(invocation);
  }
}

/** A host whose answer per call is scripted; records every call. */
export class ScriptedHost implements ModelHost {
  readonly calls: { targetModel: string; input: TensorInput }[] = [];
  constructor(private readonly answer: (targetModel: string, input: TensorInput) => Promise<Invocation> | Invocation) {}

  async invoke(targetModel: string, input: TensorInput): Promise<Invocation> {
    this.calls.push({ targetModel, input });
    return this.answer(targetModel, input);
  }

  async warm() {
    return { loadMs: 0, alreadyLoaded: true };
  }
}

export const sumHost = () =>
  new ScriptedHost((_target, input) => ({
    outputs: { score: { shape: [input.shape[0] ?? 1, 1], data: [input.data.reduce((a, b) => a + b, 0)] } },
    inferenceMs: 2,
    loadMs: 0,
  }));
