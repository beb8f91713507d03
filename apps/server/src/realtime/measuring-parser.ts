import { Decoder, Encoder, PacketType, type Packet } from "socket.io-parser";

/** Called with an event's name and the bytes of its encoded packet, once per encode of an event measured. */
export type EncodedEventObserver = (event: string, bytes: number) => void;

/**
 * Socket.IO's default parser (same wire format, so clients need nothing) that reports the size of each event
 * packet it encodes. A broadcast is encoded once, in the adapter, for every client: this is where its size can
 * be read without encoding it again, as no adapter or server event exposes the encoded packet.
 */
export function measuringParser(
  events: ReadonlySet<string>,
  observe: EncodedEventObserver,
): { Encoder: typeof Encoder; Decoder: typeof Decoder } {
  class MeasuringEncoder extends Encoder {
    override encode(packet: Packet): unknown[] {
      const encoded = super.encode(packet) as unknown[];
      // Only the events asked for: a snapshot sent to each client that connects is not measured for nothing.
      if (
        (packet.type === PacketType.EVENT || packet.type === PacketType.BINARY_EVENT) &&
        Array.isArray(packet.data) &&
        events.has(String(packet.data[0]))
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
  return { Encoder: MeasuringEncoder, Decoder };
}
