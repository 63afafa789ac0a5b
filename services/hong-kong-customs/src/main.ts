import './instrument';
import { runClearanceService } from '@gba/clearance';
import { policy } from './hong-kong.policy';

void runClearanceService({
  serviceName: 'hong-kong-customs',
  title: 'Hong Kong Customs and Excise Department',
  policy,
});
