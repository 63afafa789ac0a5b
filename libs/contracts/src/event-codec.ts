import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { Authority as AuthorityEnum, type Event, EventSchema } from './gen/gba/customs/v1/event_pb';

/** The authority codes of the REST contract and the standard, as used everywhere outside protobuf. */
export type AuthorityCode = 'GZ' | 'HK' | 'MO';

export const EVENT_CONTENT_TYPE = 'application/x-protobuf;type=gba.customs.v1.Event';

const toEnum: Record<AuthorityCode, AuthorityEnum> = {
  GZ: AuthorityEnum.GZ,
  HK: AuthorityEnum.HK,
  MO: AuthorityEnum.MO,
};

export function authorityToProto(code: AuthorityCode): AuthorityEnum {
  return toEnum[code];
}

export function authorityFromProto(value: AuthorityEnum): AuthorityCode {
  switch (value) {
    case AuthorityEnum.GZ:
      return 'GZ';
    case AuthorityEnum.HK:
      return 'HK';
    case AuthorityEnum.MO:
      return 'MO';
    default:
      throw new EventDecodeError(`unknown authority ${value}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Raised for a message that is not a usable Event: it belongs in the dead-letter topic. */
export class EventDecodeError extends Error {
  override readonly name = 'EventDecodeError';
}

export type EventInit = MessageInitShape<typeof EventSchema>;

export function createEvent(init: EventInit): Event {
  return create(EventSchema, init);
}

export function encodeEvent(event: Event): Uint8Array {
  return toBinary(EventSchema, event);
}

/**
 * Decodes and checks the envelope. Protobuf happily decodes many random byte strings, so an event
 * without an id, a declaration, a known publisher or a body is refused here rather than applied.
 */
export function decodeEvent(bytes: Uint8Array): Event {
  let event: Event;
  try {
    event = fromBinary(EventSchema, bytes);
  } catch (err) {
    throw new EventDecodeError(`not a gba.customs.v1.Event: ${(err as Error).message}`);
  }
  if (!UUID.test(event.eventId)) throw new EventDecodeError('event_id is not a UUID');
  if (!event.declarationId) throw new EventDecodeError('declaration_id is empty');
  authorityFromProto(event.authority);
  if (event.body.case === undefined) throw new EventDecodeError('event has no known body');
  return event;
}
