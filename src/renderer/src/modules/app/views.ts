/**
 * The app's views (tabs). The current one lives in the URL hash (`#history`), so a reload or a bookmark keeps it.
 */
import { readonly, ref, type Component } from 'vue';
import AlertsView from '../alerts/AlertsView.vue';
import AnalyticsView from '../analytics/AnalyticsView.vue';
import SettingsView from '../chains/SettingsView.vue';
import OperatorView from '../health/OperatorView.vue';
import HistoryView from '../history/HistoryView.vue';
import OverviewView from './OverviewView.vue';

export interface AppView {
  id: string;
  label: string;
  component: Component;
}

export const VIEWS: readonly AppView[] = [
  { id: 'overview', label: 'Overview', component: OverviewView },
  { id: 'history', label: 'History', component: HistoryView },
  { id: 'analytics', label: 'Analytics', component: AnalyticsView },
  { id: 'alerts', label: 'Alerts', component: AlertsView },
  { id: 'operator', label: 'Operator', component: OperatorView },
  { id: 'settings', label: 'Settings', component: SettingsView },
];

function fromHash(): string {
  const id = window.location.hash.replace(/^#/, '');
  return VIEWS.some((v) => v.id === id) ? id : 'overview';
}

const current = ref(fromHash());
window.addEventListener('hashchange', () => (current.value = fromHash()));

export function useCurrentView() {
  return {
    current: readonly(current),
    select(id: string) {
      if (!VIEWS.some((v) => v.id === id)) return;
      current.value = id;
      // replaceState rather than location.hash: switching tabs should not fill the back button's history.
      history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}#${id}`);
    },
  };
}
