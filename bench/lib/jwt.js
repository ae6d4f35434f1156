'use strict';
/** HS256 tokens with the claims a publisher signs (sub, name, role), as the service verifies them. */
const crypto = require('node:crypto');

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

function sign(claims, secret, ttlSeconds = 6 * 3600) {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + ttlSeconds })}`;
  return `${head}.${crypto.createHmac('sha256', secret).update(head).digest('base64url')}`;
}

module.exports = { sign };
