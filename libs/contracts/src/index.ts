export * from './gen/gba/customs/v1/event_pb';
export * from './event-codec';
export * from './gen/gba/customs/v1/document_pb';
