import "./map.css";
import { useEffect, useMemo, useRef } from "react";
import { useI18n } from "../../hooks/useI18n";
import { createMapView, mapLabels, type MapLabels, type MapView } from "./mapView";

/**
 * The map of Europe for the React pages (dashboard, wall): hosts the same plain-DOM view as the map widget
 * (`mapView.ts`), made anew when the language changes and updated with every `byCountry` it is given.
 */
export function EuropeMap({ byCountry, className }: { byCountry: Readonly<Record<string, number>>; className?: string }) {
  const { t, format } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<MapView | null>(null);
  // The figures the next view starts from, when the language changes.
  const latest = useRef(byCountry);

  const labels = useMemo<MapLabels>(() => mapLabels(t, format), [t, format]);

  useEffect(() => {
    const created = createMapView(labels);
    created.update(latest.current);
    host.current?.replaceChildren(created.element);
    view.current = created;
    return () => {
      created.dispose();
      created.element.remove();
      view.current = null;
    };
  }, [labels]);

  useEffect(() => {
    latest.current = byCountry;
    view.current?.update(byCountry);
  }, [byCountry]);

  return <div ref={host} className={className} />;
}
