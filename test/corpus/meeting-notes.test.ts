// Bad input: a private note, as text and as links (the sweep is in ./documents.ts).
import { describeDocumentSweep } from "./documents";

describeDocumentSweep("note");
