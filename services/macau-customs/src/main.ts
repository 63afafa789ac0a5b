import './instrument';
import { runClearanceService } from '@gba/clearance';
import { policy } from './macau.policy';

void runClearanceService({ serviceName: 'macau-customs', title: 'Macao Customs Service', policy });
