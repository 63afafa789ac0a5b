import { randomUUID } from 'node:crypto';
import { Authority, Lane } from './gen/gba/customs/v1/event_pb';
import { authorityFromProto, createEvent, decodeEvent, encodeEvent, EventDecodeError } from './event-codec';

describe('event codec', () => {
  const event = createEvent({
    eventId: randomUUID(),
    declarationId: 'd-1',
    authority: Authority.HK,
    occurredAt: '2026-11-25T00:00:00Z',
    standardVersion: '2026.1',
    body: { case: 'assessmentCompleted', value: { lane: Lane.RED, checks: ['seal'] } },
  });

  it('round-trips an event through its binary form', () => {
    const decoded = decodeEvent(encodeEvent(event));
    expect(decoded.eventId).toBe(event.eventId);
    expect(decoded.authority).toBe(Authority.HK);
    expect(decoded.body.case).toBe('assessmentCompleted');
    expect(decoded.body.case === 'assessmentCompleted' && decoded.body.value.checks).toEqual(['seal']);
  });

  it.each([
    ['garbage bytes', Buffer.from('this is not protobuf at all, just text \xff\xfe')],
    ['an empty message', new Uint8Array()],
    ['an envelope without a body', encodeEvent(createEvent({ ...event, body: { case: undefined } }))],
    ['an event id that is not a UUID', encodeEvent(createEvent({ ...event, eventId: 'evt-1' }))],
    ['an unknown publisher', encodeEvent(createEvent({ ...event, authority: 7 as Authority }))],
  ])('refuses %s', (_name, bytes) => {
    expect(() => decodeEvent(bytes)).toThrow(EventDecodeError);
  });

  it('maps authority codes both ways', () => {
    expect(authorityFromProto(Authority.MO)).toBe('MO');
    expect(() => authorityFromProto(Authority.UNSPECIFIED)).toThrow(EventDecodeError);
  });
});
