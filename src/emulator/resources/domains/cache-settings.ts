import { invalidInput } from '../../errors';
import { requireOneOf, type Params } from '../../validation';
import { asText } from './common';
import type { CacheBehaviorPerPath, CacheSettings } from './types';

/** Parsing and defaults of a distribution's cache behaviours and settings (CacheSettings & co). */

const BEHAVIORS = ['cache', 'dont-cache'] as const;
const ALLOWED_METHODS = ['GET,HEAD', 'GET,HEAD,OPTIONS', 'GET,HEAD,OPTIONS,PUT,PATCH,POST,DELETE'];
const CACHED_METHODS = ['GET,HEAD', 'GET,HEAD,OPTIONS'];
const FORWARD_OPTIONS = ['none', 'allow-list', 'all'] as const;
const HEADERS = [
  'Accept',
  'Accept-Charset',
  'Accept-Datetime',
  'Accept-Encoding',
  'Accept-Language',
  'Authorization',
  'CloudFront-Forwarded-Proto',
  'CloudFront-Is-Desktop-Viewer',
  'CloudFront-Is-Mobile-Viewer',
  'CloudFront-Is-SmartTV-Viewer',
  'CloudFront-Is-Tablet-Viewer',
  'CloudFront-Viewer-Country',
  'Host',
  'Origin',
  'Referer',
] as const;

/** What Lightsail applies when the settings are not given. */
export function defaultCacheSettings(): CacheSettings {
  return {
    defaultTTL: 86_400,
    minimumTTL: 0,
    maximumTTL: 31_536_000,
    allowedHTTPMethods: 'GET,HEAD,OPTIONS,PUT,PATCH,POST,DELETE',
    cachedHTTPMethods: 'GET,HEAD',
    forwardedCookies: { option: 'none', cookiesAllowList: [] },
    forwardedHeaders: { option: 'none', headersAllowList: [] },
    forwardedQueryStrings: { option: false, queryStringsAllowList: [] },
  };
}

function object(raw: unknown, field: string): Params {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidInput(`The ${field} parameter must be an object.`);
  }
  return raw as Params;
}

function stringList(raw: unknown, field: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || !raw.every((v): v is string => typeof v === 'string')) {
    throw invalidInput(`${field} must be a list of strings.`);
  }
  return raw;
}

export function behaviorParam(raw: unknown, field: string): { behavior: 'cache' | 'dont-cache' } {
  const o = object(raw, field);
  if (typeof o.behavior !== 'string')
    throw invalidInput(`${field}.behavior is required (cache or dont-cache).`);
  return { behavior: requireOneOf(`${field}.behavior`, o.behavior, BEHAVIORS) };
}

export function perPathParam(raw: unknown): CacheBehaviorPerPath[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw invalidInput('The cacheBehaviors parameter must be a list.');
  return raw.map((item, i) => {
    const o = object(item, `cacheBehaviors[${i}]`);
    if (typeof o.path !== 'string' || o.path === '')
      throw invalidInput(`cacheBehaviors[${i}].path is required.`);
    return { path: o.path, behavior: behaviorParam(o, `cacheBehaviors[${i}]`).behavior };
  });
}

function ttl(o: Params, field: string, fallback: number): number {
  const v = o[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw invalidInput(`cacheBehaviorSettings.${field} must be a whole number of seconds, 0 or more.`);
  }
  return v;
}

function methods(o: Params, field: string, allowed: string[], fallback: string): string {
  const v = o[field];
  if (v === undefined) return fallback;
  const normal = typeof v === 'string' ? v.replace(/\s+/g, '') : '';
  if (!allowed.includes(normal)) {
    throw invalidInput(
      `cacheBehaviorSettings.${field} must be one of ${allowed.join(' | ')}; got "${asText(v)}".`,
    );
  }
  return normal;
}

/** CacheSettings: the given ones replace the stored ones whole, as UpdateDistribution says. */
export function cacheSettingsParam(raw: unknown): CacheSettings {
  const d = defaultCacheSettings();
  if (raw === undefined) return d;
  const o = object(raw, 'cacheBehaviorSettings');
  const settings: CacheSettings = {
    defaultTTL: ttl(o, 'defaultTTL', d.defaultTTL),
    minimumTTL: ttl(o, 'minimumTTL', d.minimumTTL),
    maximumTTL: ttl(o, 'maximumTTL', d.maximumTTL),
    allowedHTTPMethods: methods(o, 'allowedHTTPMethods', ALLOWED_METHODS, d.allowedHTTPMethods),
    cachedHTTPMethods: methods(o, 'cachedHTTPMethods', CACHED_METHODS, d.cachedHTTPMethods),
    forwardedCookies: d.forwardedCookies,
    forwardedHeaders: d.forwardedHeaders,
    forwardedQueryStrings: d.forwardedQueryStrings,
  };
  if (!(settings.minimumTTL <= settings.defaultTTL && settings.defaultTTL <= settings.maximumTTL)) {
    throw invalidInput('cacheBehaviorSettings: minimumTTL <= defaultTTL <= maximumTTL must hold.');
  }
  if (o.forwardedCookies !== undefined) {
    const c = object(o.forwardedCookies, 'cacheBehaviorSettings.forwardedCookies');
    settings.forwardedCookies = {
      option: requireOneOf(
        'cacheBehaviorSettings.forwardedCookies.option',
        asText(c.option ?? 'none'),
        FORWARD_OPTIONS,
      ),
      cookiesAllowList: stringList(
        c.cookiesAllowList,
        'cacheBehaviorSettings.forwardedCookies.cookiesAllowList',
      ),
    };
  }
  if (o.forwardedHeaders !== undefined) {
    const h = object(o.forwardedHeaders, 'cacheBehaviorSettings.forwardedHeaders');
    const list = stringList(h.headersAllowList, 'cacheBehaviorSettings.forwardedHeaders.headersAllowList');
    list.forEach((x) => requireOneOf('cacheBehaviorSettings.forwardedHeaders.headersAllowList', x, HEADERS));
    settings.forwardedHeaders = {
      option: requireOneOf(
        'cacheBehaviorSettings.forwardedHeaders.option',
        asText(h.option ?? 'none'),
        FORWARD_OPTIONS,
      ),
      headersAllowList: list,
    };
    if (settings.forwardedHeaders.option === 'all' && settings.minimumTTL !== 0) {
      throw invalidInput(
        'cacheBehaviorSettings.minimumTTL must be 0 when all headers are forwarded to the origin.',
      );
    }
  }
  if (o.forwardedQueryStrings !== undefined) {
    const q = object(o.forwardedQueryStrings, 'cacheBehaviorSettings.forwardedQueryStrings');
    if (q.option !== undefined && typeof q.option !== 'boolean') {
      throw invalidInput('cacheBehaviorSettings.forwardedQueryStrings.option must be a boolean.');
    }
    settings.forwardedQueryStrings = {
      option: q.option === true,
      queryStringsAllowList: stringList(
        q.queryStringsAllowList,
        'cacheBehaviorSettings.forwardedQueryStrings.queryStringsAllowList',
      ),
    };
  }
  return settings;
}

/** Whether a path is cached: the first per-path behaviour whose pattern matches, else the default. */
export function isCachedPath(
  path: string,
  defaultBehavior: 'cache' | 'dont-cache',
  perPath: CacheBehaviorPerPath[],
): boolean {
  const relative = path.replace(/^\//, '');
  for (const rule of perPath) {
    const pattern = rule.path.replace(/^\//, '');
    const regex = new RegExp(
      `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}${pattern.endsWith('/') ? '.*' : ''}$`,
    );
    if (regex.test(relative)) return rule.behavior === 'cache';
  }
  return defaultBehavior === 'cache';
}
