/**
 * The browser's side of web push, written from the RFCs with node:crypto: a subscription's P-256 key pair
 * and auth secret (as `PushManager.subscribe` makes them), decryption of an `aes128gcm` message (RFC 8188
 * record layout, RFC 8291 key derivation), and the push service's VAPID check (RFC 8292: an ES256 JWT
 * whose `aud` is the push service's origin, `exp` within 24 hours, and `k` the application server key).
 */
import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify } from "node:crypto";

export interface BrowserKeys {
  /** Uncompressed P-256 public point (65 bytes). */
  publicKey: Buffer;
  privateKey: Buffer;
  authSecret: Buffer;
}

export function generateBrowserKeys(): BrowserKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { publicKey: ecdh.getPublicKey(), privateKey: ecdh.getPrivateKey(), authSecret: randomBytes(16) };
}

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

/** HKDF with SHA-256 for outputs of at most one hash block, spelled out as RFC 5869 defines it. */
function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  const prk = hmac(salt, ikm);
  return hmac(prk, Buffer.concat([info, Buffer.from([1])])).subarray(0, length);
}

/** Decrypts an `aes128gcm` push message body with the subscription's keys; returns the plaintext. */
export function decryptPushMessage(body: Buffer, keys: BrowserKeys): Buffer {
  if (body.length < 21) throw new Error("body shorter than the aes128gcm header");
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body.readUInt8(20);
  const senderPublicKey = body.subarray(21, 21 + idLength);
  if (idLength !== 65 || senderPublicKey[0] !== 0x04) throw new Error(`keyid must be the sender's 65-byte public key, got ${idLength} bytes`);
  if (recordSize < 18) throw new Error(`record size ${recordSize} is below the minimum`);

  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(keys.privateKey);
  const sharedSecret = ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0", "ascii"), keys.publicKey, senderPublicKey]);
  const ikm = hkdf(keys.authSecret, sharedSecret, keyInfo, 32);
  const contentKey = hkdf(salt, ikm, Buffer.from("Content-Encoding: aes128gcm\0", "ascii"), 16);
  const baseNonce = hkdf(salt, ikm, Buffer.from("Content-Encoding: nonce\0", "ascii"), 12);

  const ciphertext = body.subarray(21 + idLength);
  const plaintexts: Buffer[] = [];
  for (let offset = 0, sequence = 0; offset < ciphertext.length; offset += recordSize, sequence++) {
    const record = ciphertext.subarray(offset, offset + recordSize);
    const isLast = offset + recordSize >= ciphertext.length;
    const nonce = Buffer.from(baseNonce);
    // The record sequence number is XORed into the nonce as a 96-bit big-endian integer (RFC 8188 §2.3);
    // a push message never has 2^32 records, so the low 32 bits suffice.
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ sequence) >>> 0, 8);
    const decipher = createDecipheriv("aes-128-gcm", contentKey, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const delimiter = padded[end];
    if (delimiter !== (isLast ? 2 : 1)) throw new Error(`bad padding delimiter ${String(delimiter)} in record ${sequence}`);
    plaintexts.push(padded.subarray(0, end));
  }
  return Buffer.concat(plaintexts);
}

export type VapidCheck = { ok: true; subject: string; publicKey: string } | { ok: false; status: 401 | 403; reason: string };

/** Checks `Authorization: vapid t=<jwt>, k=<key>` the way a push service does. */
export function verifyVapidAuthorization(header: string | undefined, input: { audience: string; nowMs: number; applicationServerKey: string | null }): VapidCheck {
  const match = /^vapid\s+(.+)$/i.exec(header ?? "");
  if (!match) return { ok: false, status: 401, reason: "missing vapid authorization" };
  const params = new Map(match[1]!.split(",").map((part) => {
    const [name, ...rest] = part.trim().split("=");
    return [name!.trim(), rest.join("=").trim()] as const;
  }));
  const token = params.get("t");
  const key = params.get("k");
  if (!token || !key) return { ok: false, status: 401, reason: "vapid t= and k= are required" };
  const [headerPart, payloadPart, signaturePart] = token.split(".");
  if (!headerPart || !payloadPart || !signaturePart) return { ok: false, status: 401, reason: "malformed JWT" };
  const jwtHeader = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8")) as { alg?: string };
  if (jwtHeader.alg !== "ES256") return { ok: false, status: 401, reason: `JWT alg must be ES256, got ${String(jwtHeader.alg)}` };
  const point = Buffer.from(key, "base64url");
  if (point.length !== 65 || point[0] !== 0x04) return { ok: false, status: 401, reason: "k is not an uncompressed P-256 point" };
  const publicKey = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
    format: "jwk",
  });
  const isSigned = verify("sha256", Buffer.from(`${headerPart}.${payloadPart}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signaturePart, "base64url"));
  if (!isSigned) return { ok: false, status: 401, reason: "JWT signature does not verify with k" };
  const claims = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8")) as { aud?: string; exp?: number; sub?: string };
  const nowSeconds = input.nowMs / 1000;
  if (claims.aud !== input.audience) return { ok: false, status: 401, reason: `aud ${String(claims.aud)} is not ${input.audience}` };
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) return { ok: false, status: 401, reason: "JWT expired" };
  if (claims.exp > nowSeconds + 24 * 3600) return { ok: false, status: 401, reason: "exp more than 24 hours ahead" };
  if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub)) return { ok: false, status: 401, reason: "sub must be mailto: or https:" };
  if (input.applicationServerKey && input.applicationServerKey !== key) {
    return { ok: false, status: 403, reason: "k does not match the applicationServerKey of this subscription" };
  }
  return { ok: true, subject: claims.sub, publicKey: key };
}
