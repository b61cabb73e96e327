// The platform → app direction: where the emulator sends callbacks, and what it remembers of each.

export interface CallbackTarget {
  /** Full URL, e.g. http://127.0.0.1:3000/wecom/callback. */
  url: string;
  token: string;
  aesKey: string;
}

export interface BotTarget extends CallbackTarget {
  botId: string;
  /** The bot's display name, as it appears in "@name" mentions. */
  name: string;
}

/** One callback the emulator sent to the app (the platform → app direction). */
export interface CallbackRecord {
  at: number;
  target: 'callback' | 'bot';
  method: 'GET' | 'POST';
  /** verify, click, text, mention, bot-click, raw. */
  kind: string;
  /** 0 when the app did not answer within 5 s. */
  status: number;
}
