import { tearDownTestInfrastructure } from './infrastructure';

export default tearDownTestInfrastructure;
