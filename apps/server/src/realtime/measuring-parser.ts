import { Decoder, Encoder, PacketType, type Packet } from "socket.io-parser";

/** Called with an event's name and the bytes of its encoded packet, once per encode of an event measured. */
export type EncodedEventObserver = (event: string, bytes: number) => void;

/**
 * Socket.IO's default parser (same wire format, so clients need nothing) that reports the size of each event
 * packet it encodes. A broadcast is encoded once, in the adapter, for every client of one emit: this is where its
 * size can be read without encoding it again, as no adapter or server event exposes the encoded packet. A payload
 * sent again in several emits (a broadcast in slices, `SlicedBroadcast`) is reported once: at its first encoding.
 */
export function measuringParser(
  events: ReadonlySet<string>,
  observe: EncodedEventObserver,
): { Encoder: typeof Encoder; Decoder: typeof Decoder } {
  // The payload objects already reported; held weakly, so a delta sent is not kept.
  const reported = new WeakSet<object>();
  class MeasuringEncoder extends Encoder {
    override encode(packet: Packet): unknown[] {
      const encoded = super.encode(packet) as unknown[];
      // Only the events asked for: a snapshot sent to each client that connects is not measured for nothing.
      if (
        (packet.type === PacketType.EVENT || packet.type === PacketType.BINARY_EVENT) &&
        Array.isArray(packet.data) &&
        events.has(String(packet.data[0])) &&
        !isReported(packet.data[1])
      ) {
        let bytes = 0;
        for (const part of encoded) {
          bytes += typeof part === "string" ? Buffer.byteLength(part) : ((part as { byteLength?: number }).byteLength ?? 0);
        }
        observe(String(packet.data[0]), bytes);
      }
      return encoded;
    }
  }
  /** True when `payload` was reported before; marks it reported. */
  function isReported(payload: unknown): boolean {
    if (typeof payload !== "object" || payload === null) return false;
    if (reported.has(payload)) return true;
    reported.add(payload);
    return false;
  }
  return { Encoder: MeasuringEncoder, Decoder };
}
