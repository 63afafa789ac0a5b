import './instrument';
import { runClearanceService } from '@gba/clearance';

// Hong Kong is a free port: its excise on liquor and the government declaration charge are part
// of the common standard's HK duties (libs/standards), so the service is wiring only.
void runClearanceService({
  authority: 'HK',
  serviceName: 'hong-kong-customs',
  title: 'Hong Kong Customs and Excise Department',
});
