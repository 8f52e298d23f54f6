"""One PersonalDetail design for every owner (a student, a user).

models.py   the abstract model: address, date of birth, a picture that is always re-encoded
services.py the one write, personal_detail_update
api.py      the serializer bases and the view mixin both endpoints use
admin.py    the admin inline both owners' admin pages use
"""
