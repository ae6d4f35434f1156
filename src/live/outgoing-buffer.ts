import type { Socket } from 'socket.io';

/**
 * What engine.io 6 (socket.io 4.8) holds for one connection but does not type publicly:
 * `writeBuffer`, the packets waiting while the transport is busy (`transport.writable` false: its
 * last write has not reached the kernel yet), and on the websocket transport the `ws` socket whose
 * `bufferedAmount` is what `ws` has accepted but the kernel has not (a reader that stops reading
 * fills the kernel's buffers first, then these two).
 */
interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { writable?: boolean; socket?: { bufferedAmount?: unknown; terminate?: () => void } };
}

const conn = (socket: Socket) => socket.conn as unknown as EngineConnection;

/**
 * Bytes waiting to be sent to this socket (counted up to `limit` and a little over; past that the
 * exact figure does not matter). String packets count their length, which for the JSON we send is
 * close to their size.
 */
export function outgoingBytes(socket: Socket, limit = Number.MAX_SAFE_INTEGER): number {
  const c = conn(socket);
  const ws = c.transport?.socket?.bufferedAmount;
  let n = typeof ws === 'number' ? ws : 0;
  for (const p of c.writeBuffer ?? []) {
    if (n > limit) break;
    const d = p.data;
    n += typeof d === 'string' ? d.length : d instanceof Uint8Array || d instanceof ArrayBuffer ? d.byteLength : 16;
  }
  return n;
}

/**
 * Resolves true once at most `limit` bytes are waiting for the socket, false if that has not
 * happened within `ms` or the socket disconnected. Checked on a short interval: engine.io's own
 * `drain` fires when packets reach the transport, not when they reach the kernel.
 */
export function drained(socket: Socket, limit: number, ms: number, every = 50): Promise<boolean> {
  if (outgoingBytes(socket, limit) <= limit) return Promise.resolve(true);
  if (socket.disconnected) return Promise.resolve(false);
  return new Promise((resolve) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (socket.disconnected) return done(false);
      if (outgoingBytes(socket, limit) <= limit) return done(true);
      if (Date.now() - started >= ms) done(false);
    }, every);
    const done = (ok: boolean) => {
      clearInterval(timer);
      resolve(ok);
    };
  });
}

/**
 * Disconnects the socket. `disconnect(true)` alone closes the connection only once what is queued
 * has been sent, which for a reader that stopped reading is never (its buffers would stay until the
 * ping timeout): past `limit` bytes queued, the queue is dropped and the connection cut at once.
 */
export function dropConnection(socket: Socket, limit: number): void {
  const stuck = outgoingBytes(socket, limit) > limit;
  const ws = conn(socket).transport?.socket;
  socket.disconnect(true);
  if (!stuck) return;
  (socket.conn as unknown as { close?: (discard?: boolean) => void }).close?.(true);
  ws?.terminate?.();
}
