/**
 * The local Dashboard (`npm start`): its page server lives in `server/` as a pipeline of small parts — `start` (the
 * sequence that brings everything up and down), `router`, `proxy` (to the emulator), `events` (reloads), `sessions`
 * (a Dashboard session per user and mode) and `watch` (manifest and rebuilds). The page and the worker it serves are
 * in `page/` and `worker/`.
 */
export {startDashboard, type DashboardOptions, type ListeningDashboard, type RunningDashboard} from './server/start';
