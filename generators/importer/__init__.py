"""Import procedures from official publications, and export them in the same layout.

The pipeline, one module per stage::

    readers (docx, html, plone json)  ->  neutral blocks   (neutral.py)
    layout.py                          ->  labelled parts of each procedure
    mapper.py                          ->  data for the procedure model, plus what could not be mapped
    run.py                             ->  new drafts, field-by-field diffs, updates, the report
    writer.py / export.py              ->  YAML drafts / .docx in the official layout
"""
