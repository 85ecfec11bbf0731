import type { Platform } from './instance-bundles';

/**
 * Lightsail's instance images (blueprints), as GetBlueprints answers them: operating systems,
 * applications and development stacks, and Lightsail for Research applications.
 *
 * Sources (read 2026-12): the Blueprint data type of the API reference
 * (https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_Blueprint.html: groups,
 * minPower, isActive, appCategory LfR and that LfR blueprints are listed only when asked for),
 * the AWS CLI's get-blueprints reference, and the ids that public Terraform and Pulumi examples
 * create instances with (`amazon_linux_2`, `ubuntu_22_04`, `wordpress`, ...). The versions are
 * the emulator's approximation of late 2026; product URLs are the projects' own sites.
 */

export interface Blueprint {
  blueprintId: string;
  name: string;
  group: string;
  type: 'os' | 'app';
  version: string;
  platform: Platform;
  /** The smallest bundle power it runs on (0: any). */
  minPower: number;
  isActive: boolean;
  productUrl: string;
  /** `LfR` for Lightsail for Research virtual computers, listed only when asked for. */
  appCategory?: 'LfR';
}

type Row = [id: string, name: string, group: string, version: string, productUrl: string, minPower?: number];

const os = (rows: Row[], platform: Platform = 'LINUX_UNIX', isActive = true): Blueprint[] =>
  rows.map(([blueprintId, name, group, version, productUrl, minPower = 0]) => ({
    blueprintId,
    name,
    group,
    type: 'os',
    version,
    platform,
    minPower,
    isActive,
    productUrl,
  }));

const apps = (rows: Row[], platform: Platform = 'LINUX_UNIX', appCategory?: 'LfR'): Blueprint[] =>
  rows.map(([blueprintId, name, group, version, productUrl, minPower = 0]) => ({
    blueprintId,
    name,
    group,
    type: 'app',
    version,
    platform,
    minPower,
    isActive: true,
    productUrl,
    ...(appCategory ? { appCategory } : {}),
  }));

export const BLUEPRINTS: Blueprint[] = [
  ...os([
    [
      'amazon_linux_2023',
      'Amazon Linux 2023',
      'amazon_linux_2023',
      '2023.9.20251117.1',
      'https://aws.amazon.com/linux/amazon-linux-2023/',
    ],
    [
      'amazon_linux_2',
      'Amazon Linux 2',
      'amazon_linux_2',
      '2.0.20251110.1',
      'https://aws.amazon.com/amazon-linux-2/',
    ],
    ['ubuntu_24_04', 'Ubuntu', 'ubuntu_24', '24.04 LTS', 'https://ubuntu.com/aws'],
    ['ubuntu_22_04', 'Ubuntu', 'ubuntu_22', '22.04 LTS', 'https://ubuntu.com/aws'],
    ['debian_12', 'Debian', 'debian_12', '12.12', 'https://www.debian.org/'],
    ['debian_11', 'Debian', 'debian_11', '11.11', 'https://www.debian.org/'],
    ['freebsd_14', 'FreeBSD', 'freebsd_14', '14.3', 'https://www.freebsd.org/'],
    ['opensuse_15', 'openSUSE Leap', 'opensuse_15', '15.6', 'https://www.opensuse.org/'],
    ['almalinux_9', 'AlmaLinux OS', 'almalinux_9', '9.6', 'https://almalinux.org/'],
    ['centos_stream_9', 'CentOS Stream', 'centos_stream_9', '9', 'https://www.centos.org/centos-stream/'],
  ]),
  // Past their vendors' support: on existing instances only.
  ...os(
    [
      ['ubuntu_20_04', 'Ubuntu', 'ubuntu_20', '20.04 LTS', 'https://ubuntu.com/aws'],
      [
        'amazon_linux',
        'Amazon Linux',
        'amazon_linux',
        '2018.03.0',
        'https://aws.amazon.com/amazon-linux-ami/',
      ],
      ['centos_7_2009_01', 'CentOS', 'centos_7', '7 2009-01', 'https://www.centos.org/'],
    ],
    'LINUX_UNIX',
    false,
  ),
  ...os(
    [
      [
        'windows_server_2022',
        'Windows Server 2022',
        'windows_2022',
        '2022',
        'https://aws.amazon.com/windows/',
      ],
      [
        'windows_server_2019',
        'Windows Server 2019',
        'windows_2019',
        '2019',
        'https://aws.amazon.com/windows/',
      ],
      [
        'windows_server_2016',
        'Windows Server 2016',
        'windows_2016',
        '2016',
        'https://aws.amazon.com/windows/',
      ],
    ],
    'WINDOWS',
  ),
  ...apps([
    ['wordpress', 'WordPress', 'wordpress', '6.8.3', 'https://wordpress.org/'],
    ['wordpress_multisite', 'WordPress Multisite', 'wordpress_multisite', '6.8.3', 'https://wordpress.org/'],
    ['lamp_8_bitnami', 'LAMP (PHP 8)', 'lamp_8', '8.4.14', 'https://bitnami.com/stack/lamp'],
    ['nodejs', 'Node.js', 'node', '22.21.1', 'https://nodejs.org/'],
    ['mean', 'MEAN', 'mean', '8.0.15', 'https://bitnami.com/stack/mean'],
    ['django', 'Django', 'django', '5.2.8', 'https://www.djangoproject.com/'],
    ['joomla', 'Joomla', 'joomla', '5.4.1', 'https://www.joomla.org/'],
    ['drupal', 'Drupal', 'drupal', '11.2.8', 'https://www.drupal.org/'],
    [
      'magento',
      'Magento',
      'magento',
      '2.4.8',
      'https://business.adobe.com/products/magento/magento-commerce.html',
      1000,
    ],
    ['prestashop_bitnami', 'PrestaShop', 'prestashop', '9.0.1', 'https://www.prestashop.com/'],
    ['ghost_bitnami', 'Ghost', 'ghost', '6.5.3', 'https://ghost.org/'],
    ['nginx', 'Nginx', 'nginx', '1.29.3', 'https://nginx.org/'],
    ['gitlab_bitnami', 'GitLab CE', 'gitlab', '18.5.2', 'https://about.gitlab.com/', 2000],
    ['plesk_ubuntu', 'Plesk Hosting Stack on Ubuntu', 'plesk_ubuntu', '18.0.73', 'https://www.plesk.com/'],
    // Its instances cannot be exported to EC2 (the Lightsail facts' NON_EXPORTABLE_BLUEPRINTS).
    ['cpanel_whm_linux', 'cPanel & WHM for Linux', 'cpanel_whm_linux', '11.132', 'https://cpanel.net/', 500],
  ]),
  ...apps(
    [
      ['lfr_jupyterlab', 'JupyterLab', 'lfr_jupyterlab', '4.4.10', 'https://jupyter.org/'],
      [
        'lfr_rstudio',
        'RStudio',
        'lfr_rstudio',
        '2025.09.2',
        'https://posit.co/products/open-source/rstudio/',
      ],
      ['lfr_vscodium', 'VSCodium', 'lfr_vscodium', '1.105.1', 'https://vscodium.com/'],
      ['lfr_ubuntu_22_04', 'Ubuntu', 'lfr_ubuntu', '22.04 LTS', 'https://ubuntu.com/aws'],
    ],
    'LINUX_UNIX',
    'LfR',
  ),
];
