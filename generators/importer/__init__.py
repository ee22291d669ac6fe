"""Import procedures from official publications, and export them in the same layout.

The pipeline, one module per stage::

    read_docx / read_html / read_plone  ->  neutral blocks (neutral.py)
    layout.py                           ->  each procedure's labelled parts, the decision
    mapper.py (+ map_channels, map_documents, map_legal; catalogue.py resolves records)
                                        ->  data for the procedure model, and what could not be mapped
    run.py                              ->  new drafts (writer.py), field diffs (diff.py),
                                            updates (update.py), the report
    export.py                           ->  .docx in the official layout
"""
