import './instrument';
import { runAuthorityService } from '@gba/runtime';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@gba/messaging';

void runAuthorityService({
  authority: 'GZ',
  serviceName: 'guangzhou-customs',
  title: 'Guangzhou Customs District (mainland China)',
  entities: MESSAGING_ENTITIES,
  migrations: MESSAGING_MIGRATIONS,
});
