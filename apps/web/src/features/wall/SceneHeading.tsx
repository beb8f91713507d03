/** A scene's title, and a short line beside it. */
export function SceneHeading({ title, subtitle }: { title: string; subtitle?: string | undefined }) {
  return (
    <header className="wall-scene__head">
      <h2 className="wall-scene__title">{title}</h2>
      {subtitle ? <p className="wall-scene__subtitle">{subtitle}</p> : null}
    </header>
  );
}
