// Fan-out notifications: SNS on AWS. Attributes drive subscription filter policies (lane, status).

export interface TopicMessage {
  readonly body: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface Topic {
  /** Returns the message id assigned by the topic. */
  publish(message: TopicMessage): Promise<string>;
}
