import { z } from 'zod';

/** A key-encryption key: its id is written into every envelope it wraps. */
export interface KeyEncryptionKeyConfig {
  id: string;
  key: Buffer;
}

export const kekIdEnv = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, "_" or "-"');

/**
 * Earlier key-encryption keys, kept while a rotation is under way: `<id>:<base64>,<id>:<base64>`.
 * They open what they wrapped; nothing is wrapped with them any more. Refused when an id is
 * repeated or malformed, or a key is shorter than 32 bytes.
 */
export const previousKeksEnv = z
  .string()
  .default('')
  .transform((text, ctx): KeyEncryptionKeyConfig[] => {
    const keks: KeyEncryptionKeyConfig[] = [];
    for (const part of text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const separator = part.indexOf(':');
      const id = part.slice(0, separator);
      const key = Buffer.from(part.slice(separator + 1), 'base64');
      if (separator < 0 || !kekIdEnv.safeParse(id).success) {
        ctx.addIssue({ code: 'custom', message: `an entry is not <id>:<base64 key> with an id of 1-32 letters, digits, "_" or "-"` });
      } else if (key.length < 32) {
        ctx.addIssue({ code: 'custom', message: `the key of ${id} is shorter than 32 bytes once decoded` });
      } else if (keks.some((kek) => kek.id === id)) {
        ctx.addIssue({ code: 'custom', message: `${id} is listed twice` });
      } else keks.push({ id, key: key.subarray(0, 32) });
    }
    return keks;
  });
