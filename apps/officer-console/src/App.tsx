import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import {
  type ConsoleSettings,
  loadSettings,
  oidcCallback,
  onSessionEnded,
  session,
  type Session,
  signOut,
} from './auth';
import { LANGUAGES, type Language } from './i18n';
import { DeclarationPage } from './pages/DeclarationPage';
import { QueuePage } from './pages/QueuePage';
import { RecordResultPage } from './pages/RecordResultPage';
import { SignInPage } from './pages/SignInPage';
import { SupervisorPage } from './pages/SupervisorPage';
import { timeZone } from './format';

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.resolvedLanguage ?? 'en';
  }, [i18n.resolvedLanguage]);
  return (
    <label className="language">
      {t('app.language')}{' '}
      <select
        value={i18n.resolvedLanguage}
        onChange={(e) => void i18n.changeLanguage(e.target.value as Language)}
        data-testid="language"
      >
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function Callback({ settings, onSession }: { settings: ConsoleSettings; onSession: (s: Session) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    oidcCallback(settings)
      .then((s) => {
        onSession(s);
        navigate('/', { replace: true });
      })
      .catch((err: Error) => setError(err.message));
  }, [settings, onSession, navigate]);
  return <p role={error ? 'alert' : 'status'}>{error ?? t('signIn.callback')}</p>;
}

function Shell({ settings }: { settings: ConsoleSettings }) {
  const { t } = useTranslation();
  const [officer, setOfficer] = useState<Session | null>(() => session());
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  // A 401 from the API (expired or revoked token) brings the sign-in back.
  useEffect(() => onSessionEnded(() => setOfficer(null)), []);
  const supervisor = officer?.roles.includes('supervisor') ?? false;
  // After signing in or following a link, focus goes to the new page's content (as a full page
  // load would put it at the top), so keyboard and screen-reader users start there.
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [pathname, officer]);
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header>
        <h1>
          {t('app.title')} · {settings.authority}
        </h1>
        <nav aria-label={t('nav.main')}>
          {officer && <NavLink to="/">{t('nav.queue')}</NavLink>}
          {officer && supervisor && <NavLink to="/supervisor">{t('nav.supervisor')}</NavLink>}
        </nav>
        <div className="who">
          <LanguageSwitch />
          {officer && (
            <>
              <span data-testid="officer">
                {t('app.signedInAs', {
                  sub: officer.sub,
                  authority: officer.authority,
                  roles: officer.roles.map((r) => t(`roles.${r}`)).join(', '),
                })}
              </span>
              <button type="button" onClick={() => void signOut(settings).then(() => setOfficer(null))}>
                {t('app.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <p className="zone">{t('app.timeZone', { zone: timeZone() })}</p>
        <Routes>
          <Route path="/callback" element={<Callback settings={settings} onSession={setOfficer} />} />
          {!officer ? (
            <Route path="*" element={<SignInPage settings={settings} onSession={setOfficer} />} />
          ) : (
            <>
              <Route path="/" element={<QueuePage />} />
              <Route path="/declarations/:id" element={<DeclarationPage officer={officer} />} />
              <Route path="/tasks/:taskId" element={<RecordResultPage />} />
              <Route path="/supervisor" element={<SupervisorPage officer={officer} />} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </>
          )}
        </Routes>
      </main>
    </>
  );
}

export function App() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadSettings()
      .then(setSettings)
      .catch((err: Error) => setError(err.message));
  }, []);
  if (error) return <p role="alert">{t('app.error', { detail: error })}</p>;
  if (!settings) return <p role="status">{t('app.loading')}</p>;
  return (
    <BrowserRouter basename="/console">
      <Shell settings={settings} />
    </BrowserRouter>
  );
}
