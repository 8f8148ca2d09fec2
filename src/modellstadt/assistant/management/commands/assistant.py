"""``modellstadt assistant``: evaluate, cross-validate and train the idea assistant's models.

- ``evaluate FILE.tsv`` – the current models (the newest stored versions, or the starting-corpus
  models on a new installation) on a labelled file; nothing is trained on the file.
- ``crossvalidate [FILE.tsv]`` – k-fold cross-validation on the starting corpus (or a file):
  train on k-1 folds, measure on the held-out one.
- ``train`` – train new versions now (normally the task worker does this).
"""

from django.core.management.base import BaseCommand, CommandError

from modellstadt.assistant import corpus, evaluation, store, training


class Command(BaseCommand):
    help = "Ideen-Assistent: Modelle bewerten (evaluate), kreuzvalidieren (crossvalidate) oder trainieren (train)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate = sub.add_parser("evaluate", help="Aktuelle Modelle auf einer beschrifteten TSV-Datei bewerten.")
        evaluate.add_argument("file", help="TSV mit Kopfzeile: id, field, dup_group, title, text")
        cross = sub.add_parser("crossvalidate", help="Kreuzvalidierung auf dem Startkorpus oder einer Datei.")
        cross.add_argument("file", nargs="?", default=None)
        cross.add_argument("--folds", type=int, default=5)
        sub.add_parser("train", help="Neue Modellversionen jetzt trainieren.")

    def handle(self, *args, action, **options):
        if action == "evaluate":
            rows = self._read(options["file"])
            field_model, field_version = store.field_model()
            duplicate_model, duplicate_version = store.duplicate_model()
            self.stdout.write(f"Feldmodell: {self._version(field_version)}")
            self.stdout.write(f"Dublettenmodell: {self._version(duplicate_version)}")
            figures = evaluation.evaluate_file(field_model, duplicate_model, rows)
            self.stdout.write("\n".join(figures.lines()))
        elif action == "crossvalidate":
            rows = self._read(options["file"]) if options["file"] else list(corpus.starting_corpus())
            if options["folds"] < 2:
                raise CommandError("Mindestens zwei Teile (--folds 2).")
            figures = evaluation.cross_validate(rows, k=options["folds"])
            self.stdout.write(f"Kreuzvalidierung: {options['folds']} Teile")
            self.stdout.write("\n".join(figures.lines()))
        else:
            for row in training.train_all():
                self.stdout.write(
                    f"{row.get_kind_display()}: Version {row.version}, {row.training_ideas} Beispiele, "
                    f"{row.seconds:.1f} s, {row.metrics}"
                )

    @staticmethod
    def _version(version):
        return f"Version {version}" if version else "Startkorpus (noch keine trainierte Version)"

    @staticmethod
    def _read(path):
        try:
            rows = corpus.read(path)
        except corpus.CorpusError as error:
            raise CommandError(str(error)) from error
        if not rows:
            raise CommandError("Die Datei enthält keine Ideen.")
        return rows
