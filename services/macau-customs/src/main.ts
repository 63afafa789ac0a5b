import './instrument';
import { runAuthorityService } from '@gba/runtime';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@gba/messaging';

void runAuthorityService({
  authority: 'MO',
  serviceName: 'macau-customs',
  title: 'Macao Customs Service',
  entities: MESSAGING_ENTITIES,
  migrations: MESSAGING_MIGRATIONS,
});
