"""A chat as Zoom saves it, for the chat-import tests."""
# What Zoom wrote for seed 002's online FGD, as a moderator would save it: the host's opening,
# a multi-line message, a private message, a reaction, and names beyond ASCII.
ZOOM_CHAT = (
    "10:02:11 From KPU Kab. Jombang (Host) to Everyone:\n"
    "\tSelamat pagi Bapak/Ibu, silakan sampaikan masukan melalui chat.\n"
    "10:05:23 From Anas Burhan (PKB) to Everyone:\n"
    "\tPKB mengapresiasi pelayanan KPU Kabupaten Jombang.\n"
    "\tMohon informasi hasil pemilu berbasis IT untuk partai politik.\n"
    "10:06:40 From Novita – WCC Jombang to Everyone:\n"
    "\tMohon ada aplikasi layanan yang ramah bagi perempuan dan penyandang disabilitas.\n"
    "10:07:00 From Rita to Deni Laksono(Direct Message):\n"
    "\tPak, tautan daftar hadirnya mana?\n"
    "10:08:15 From Ni Luh Putu Ayu Saraswatī to Everyone:\n"
    '\tReacted to "Mohon ada aplikasi..." with 👍\n'
    "10:09:02 From Muḥammad ʿAlī to Everyone:\n"
    "\tUsul: layanan di luar jam kantor, dan segel kotak suara diperiksa bersama.\n"
).encode()
CREATED, SKIPPED = 4, 2  # the host, Anas, Novita, Muḥammad; the private message and the reaction
HOST = "KPU Kab. Jombang (Host)"  # marked as the host: the import page ticks it already
HOST_MESSAGES = 1
