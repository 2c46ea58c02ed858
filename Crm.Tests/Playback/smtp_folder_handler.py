"""An aiosmtpd handler for the mail tests: every accepted message becomes one .eml file in a folder, with its envelope recipients."""
import os
import time


class FolderHandler:
    def __init__(self, folder):
        self.folder = folder

    @classmethod
    def from_cli(cls, parser, *args):
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, f"{time.time_ns()}.eml")
        with open(name + ".tmp", "wb") as f:
            f.write(("X-Envelope-To: " + ", ".join(envelope.rcpt_tos) + "\r\n").encode())
            f.write(envelope.original_content or envelope.content)
        os.replace(name + ".tmp", name)  # a reader never sees half a message
        return "250 Message accepted for delivery"
