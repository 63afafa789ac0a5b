import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhHans from './locales/zh-Hans.json';
import zhHant from './locales/zh-Hant.json';

/** The console's languages: English, Traditional Chinese (HK, MO), Simplified Chinese (GZ). */
export const LANGUAGES = { en: 'English', 'zh-Hant': '繁體中文', 'zh-Hans': '简体中文' } as const;
export type Language = keyof typeof LANGUAGES;
export const resources = { en, 'zh-Hant': zhHant, 'zh-Hans': zhHans } as const;

/**
 * The browser's language (navigator.languages) unless the officer chose one (kept in
 * localStorage); zh-HK, zh-MO and zh-TW fall back to Traditional, zh-CN and zh to Simplified.
 */
export function startI18n() {
  return i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: Object.fromEntries(Object.entries(resources).map(([l, r]) => [l, { translation: r }])),
      supportedLngs: Object.keys(LANGUAGES),
      fallbackLng: {
        'zh-HK': ['zh-Hant'],
        'zh-MO': ['zh-Hant'],
        'zh-TW': ['zh-Hant'],
        zh: ['zh-Hans'],
        default: ['en'],
      },
      nonExplicitSupportedLngs: false,
      load: 'currentOnly',
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: 'gba.officer-console.language',
        caches: ['localStorage'],
        convertDetectedLanguage: (lng: string) => {
          const l = lng.toLowerCase();
          if (l === 'zh-hant' || l.startsWith('zh-hk') || l.startsWith('zh-mo') || l.startsWith('zh-tw'))
            return 'zh-Hant';
          if (l.startsWith('zh')) return 'zh-Hans';
          return l.startsWith('en') ? 'en' : lng;
        },
      },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
}

export { i18next };
