// Records the Stream gateway keeps (dingtalk.md §1): what each client asked for when it opened a
// connection, and every frame pushed with its deliveries and ack.

export interface Subscription {
  type: string;
  topic: string;
}

export interface OpenRequest {
  at: number;
  /** The SDK sends Accept: application/json; the real gateway answers XML without it (§1.1). */
  accept: string | null;
  clientId: string;
  subscriptions: Subscription[];
  ua: string | null;
  localIp: string | null;
  /** Keys beyond clientId/clientSecret/subscriptions/ua/localIp (go sends `extras`). */
  extraKeys: string[];
}

export interface ConnectionView extends OpenRequest {
  connectionId: string;
  openedAt: number;
  closedAt: number | null;
  pingsSent: number;
  pingsEchoed: number;
}

export interface FrameHeaders {
  appId?: string;
  connectionId?: string;
  contentType: string;
  messageId: string;
  time: string;
  topic: string;
  [key: string]: string | undefined;
}

export interface StreamAck {
  code: number;
  headers: Record<string, unknown>;
  message?: string;
  data?: string;
}

export interface FrameRecord {
  messageId: string;
  type: 'SYSTEM' | 'EVENT' | 'CALLBACK';
  topic: string;
  /** JSON string, as on the wire. */
  data: string;
  deliveries: { connectionId: string; at: number }[];
  acked: boolean;
  ack: StreamAck | null;
  ackAt: number | null;
}
