/** Every workflow the worker runs; the export names are the workflow types users start. */
export { copySnapshotAcrossRegions } from './copy-snapshot-across-regions';
export { blueGreenDeploy } from './blue-green-deploy';
export { exportToEc2 } from './export-to-ec2';
