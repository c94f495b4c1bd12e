// Small recording fakes for handler tests.
import type { InvocationRecord, MetricSink } from '../../../release-tools/src/ports/metrics.ts';
import type { NamedTensors } from '../../src/domain/tensors/tensor.ts';
import type { Invocation, ModelHost } from '../../src/ports/model-host.ts';
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
  readonly calls: { targetModel: string; input: NamedTensors }[] = [];
  constructor(
    private readonly answer: (targetModel: string, input: NamedTensors) => Promise<Invocation> | Invocation,
  ) {}

  async invoke(targetModel: string, input: NamedTensors): Promise<Invocation> {
    this.calls.push({ targetModel, input });
    return this.answer(targetModel, input);
  }

  async warm() {
    return { loadMs: 0, alreadyLoaded: true };
  }
}

export const sumHost = () =>
  new ScriptedHost((_target, inputs) => {
    const input = Object.values(inputs)[0]!;
    const sum = (input.data as number[]).reduce((a, b) => a + b, 0);
    return {
      outputs: { score: { dtype: 'float32', shape: [input.shape[0] ?? 1, 1], data: [sum] } },
      inferenceMs: 2,
      loadMs: 0,
    };
  });
