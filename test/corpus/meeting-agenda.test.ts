// Bad input: the shared agenda, as text and as links (the sweep is in ./documents.ts).
import { describeDocumentSweep } from "./documents";

describeDocumentSweep("agenda");
