/**
 * Blueprints whose instances cannot be exported to EC2, by the Lightsail user guide ("Exporting
 * Lightsail snapshots to Amazon EC2": instances from the cPanel & WHM blueprint cannot be
 * exported; the API reference names none). One list, read by the workflow's early check and by
 * the emulator's ExportSnapshot, so both refuse the same.
 */
export const NON_EXPORTABLE_BLUEPRINTS: Readonly<Record<string, string>> = {
  cpanel_whm_linux: 'cPanel & WHM for Linux',
};
