"""The editor's form for H5P packages: a malformed `.h5p` is refused before anything is stored."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms import WagtailAdminModelForm

from . import human_size, max_upload_size, remove_unpacked, unpack_package, validate_package, verify_contents


class H5PPackageForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = (
                f"An .h5p file exported with its libraries, at most {human_size(max_upload_size())}. "
                "It is checked and unpacked once; students see it only inside lessons they may open."
            )
            self.fields["file"].widget.attrs.setdefault("accept", ".h5p")

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # Only a new upload needs checking; an unchanged field keeps the stored, checked package.
        if not isinstance(uploaded, UploadedFile):
            return uploaded
        name = uploaded.name or ""
        if not name.lower().endswith(".h5p"):
            raise forms.ValidationError(f"Upload an .h5p file (this one is called {name}).")
        try:
            self.package_info = validate_package(uploaded)
            verify_contents(uploaded, self.package_info)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        return uploaded

    def save(self, commit=True):
        package = self.instance
        replaced = package.pk is not None and "file" in self.changed_data
        old_file = self.initial.get("file") if replaced else None
        if package.uploaded_by_id is None and getattr(self.for_user, "is_authenticated", False):
            package.uploaded_by = self.for_user
        if replaced:
            remove_unpacked(package)
            package.unpacked_to, package.file_count, package.unpacked_size = "", 0, 0
        package = super().save(commit=commit)
        if commit:
            try:
                unpack_package(package, force=replaced)
            except Exception:
                # The surrounding transaction drops the row; drop the stored upload with it.
                package.file.delete(save=False)
                raise
            if old_file and getattr(old_file, "name", None) and old_file.name != package.file.name:
                old_file.storage.delete(old_file.name)
        return package
