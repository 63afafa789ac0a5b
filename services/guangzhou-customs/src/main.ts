import './instrument';
import { runClearanceService } from '@gba/clearance';
import { policy } from './guangzhou.policy';

void runClearanceService({
  serviceName: 'guangzhou-customs',
  title: 'Guangzhou Customs District (mainland China)',
  policy,
});
